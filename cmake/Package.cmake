# The components as a package: namespaced targets (gicv2vp::gic, ...), the
# install rules, a CMake package config with a version file, and gicv2vp.pc.
#
# vp_package_components(<dir>...) takes every library defined in the given
# component directories, so a new component library is exported without being
# listed here. A library vp_<name> becomes gicv2vp::<name> (an ALIAS in this
# build, an IMPORTED target for find_package users), libgicv2vp_<name>.a on disk.
# Nothing repository-only reaches a consumer: warnings (-Werror) are PRIVATE
# compile options, and the firmware, sanitizer and cross-check options never
# touch these targets' interface.
include_guard(GLOBAL)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(VP_PACKAGE_NAME gicv2vp)
set(VP_PACKAGE_DIR ${CMAKE_CURRENT_LIST_DIR})

function(vp_package_components)
  set(libs)
  foreach(dir ${ARGN})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(t ${targets})
      get_target_property(type ${t} TYPE)
      if(NOT type MATCHES "^(STATIC|SHARED|INTERFACE)_LIBRARY$")
        continue()
      endif()
      string(REGEX REPLACE "^vp_" "" short ${t})
      set_target_properties(${t} PROPERTIES EXPORT_NAME ${short})
      if(NOT type STREQUAL "INTERFACE_LIBRARY")
        set_target_properties(${t} PROPERTIES OUTPUT_NAME ${VP_PACKAGE_NAME}_${short})
      endif()
      add_library(${VP_PACKAGE_NAME}::${short} ALIAS ${t})
      # Source-tree include paths only while building; installed headers live
      # under include/gicv2vp (so "gic/gic400.h" and <gicv2vp/gic/gic400.h> both work).
      get_target_property(incs ${t} INTERFACE_INCLUDE_DIRECTORIES)
      set(fixed)
      if(incs)
        foreach(i ${incs})
          if(i MATCHES "^\\$<")
            list(APPEND fixed "${i}")
          else()
            list(APPEND fixed "$<BUILD_INTERFACE:${i}>")
          endif()
        endforeach()
      endif()
      list(APPEND fixed "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/${VP_PACKAGE_NAME}>"
                        "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
      set_target_properties(${t} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${fixed}")
      target_compile_features(${t} PUBLIC cxx_std_17)
      list(APPEND libs ${t})
    endforeach()
  endforeach()
  set_property(GLOBAL PROPERTY VP_PACKAGE_LIBRARIES ${libs})
endfunction()

# Install rules for the libraries collected above and the headers under
# `components_dir`.
function(vp_package_install components_dir version)
  get_property(libs GLOBAL PROPERTY VP_PACKAGE_LIBRARIES)
  set(cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/${VP_PACKAGE_NAME})
  install(TARGETS ${libs} EXPORT ${VP_PACKAGE_NAME}Targets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
          LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
          RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${components_dir}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/${VP_PACKAGE_NAME}
          FILES_MATCHING PATTERN "*.h")
  install(EXPORT ${VP_PACKAGE_NAME}Targets NAMESPACE ${VP_PACKAGE_NAME}:: DESTINATION ${cmakedir})

  set(out ${CMAKE_CURRENT_BINARY_DIR}/package)
  configure_package_config_file(${VP_PACKAGE_DIR}/gicv2vpConfig.cmake.in ${out}/${VP_PACKAGE_NAME}Config.cmake
                                INSTALL_DESTINATION ${cmakedir})
  write_basic_package_version_file(${out}/${VP_PACKAGE_NAME}ConfigVersion.cmake VERSION ${version}
                                   COMPATIBILITY SameMinorVersion)
  install(FILES ${out}/${VP_PACKAGE_NAME}Config.cmake ${out}/${VP_PACKAGE_NAME}ConfigVersion.cmake
          DESTINATION ${cmakedir})
  # The consumer needs SystemC::systemc as we define it.
  install(FILES ${VP_PACKAGE_DIR}/SystemC.cmake DESTINATION ${cmakedir} RENAME ${VP_PACKAGE_NAME}SystemC.cmake)

  # pkg-config: static libraries in a link group, so their order does not matter.
  set(pc_libs)
  foreach(t ${libs})
    get_target_property(type ${t} TYPE)
    if(NOT type STREQUAL "INTERFACE_LIBRARY")
      get_target_property(name ${t} OUTPUT_NAME)
      string(APPEND pc_libs " -l${name}")
    endif()
  endforeach()
  set(VP_PC_VERSION ${version})
  # Relocatable: the prefix is found from the .pc file's own place.
  file(RELATIVE_PATH VP_PC_PREFIX_FROM_PCFILEDIR /p/${CMAKE_INSTALL_LIBDIR}/pkgconfig /p)
  set(VP_PC_LIBS "-Wl,--start-group${pc_libs} -Wl,--end-group")
  configure_file(${VP_PACKAGE_DIR}/gicv2vp.pc.in ${out}/${VP_PACKAGE_NAME}.pc @ONLY)
  install(FILES ${out}/${VP_PACKAGE_NAME}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endfunction()
